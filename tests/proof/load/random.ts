/** A seeded random source (mulberry32), so every run sends the same mix. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    shuffle: <T>(items: T[]): T[] => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
  };
}

export type Random = ReturnType<typeof seededRandom>;

const FAMILY = [
  "佐藤",
  "鈴木",
  "高橋",
  "田中",
  "伊藤",
  "渡辺",
  "山本",
  "中村",
  "小林",
  "加藤",
  "吉田",
  "山口",
  "松本",
  "井上",
  "木村",
];
const GIVEN = [
  "翔太",
  "陽菜",
  "大輔",
  "美咲",
  "健一",
  "さくら",
  "直樹",
  "由美",
  "拓也",
  "真由美",
  "誠",
  "恵子",
  "亮",
  "結衣",
  "浩二",
];

/** A Japanese full name, family name first. */
export const randomName = (r: Random) => `${r.pick(FAMILY)} ${r.pick(GIVEN)}`;

/** A mobile number in the usual written form. */
export const randomMobile = (r: Random) => `0${r.pick(["80", "90", "70"])}-${r.int(1000, 9999)}-${r.int(1000, 9999)}`;

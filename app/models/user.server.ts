/** Staff accounts. */
import { recordAudit, userActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { DUMMY_PASSWORD_HASH, generateOneTimePassword, hashPassword, verifyPassword } from "~/utils/crypto.server";
import { redactFreeText } from "~/domain/redact";
import type { Role } from "~/domain/roles";

const listSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

export function listUsers() {
  return prisma.user.findMany({ select: listSelect, orderBy: [{ disabled: "asc" }, { role: "desc" }, { email: "asc" }] });
}

export function findUserById(id: string) {
  return prisma.user.findUnique({ where: { id }, select: { ...listSelect, locale: true } });
}

export function normaliseStaffEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}

/** Creates an account with a one-time password the person must change at first login. */
export async function createUser({
  email,
  name,
  role,
  password,
  mustChangePassword = true,
}: {
  email: string;
  name: string;
  role: Role;
  password?: string;
  mustChangePassword?: boolean;
}): Promise<{ id: string; email: string; password: string }> {
  const plain = password ?? generateOneTimePassword();
  const user = await prisma.user.create({
    data: {
      email: normaliseStaffEmail(email),
      name: redactFreeText(name).text,
      role,
      passwordHash: await hashPassword(plain),
      mustChangePassword,
    },
    select: { id: true, email: true },
  });
  return { ...user, password: plain };
}

export async function emailInUse(email: string): Promise<boolean> {
  return (await prisma.user.count({ where: { email: normaliseStaffEmail(email) } })) > 0;
}

/**
 * Checks a login. Spends the same scrypt time whether or not the account exists,
 * so response time does not reveal which emails are staff accounts.
 */
export async function verifyLogin({ email, password }: { email: string; password: string }) {
  const user = await prisma.user.findUnique({
    where: { email: normaliseStaffEmail(email) },
    select: { id: true, email: true, role: true, disabled: true, passwordHash: true, mustChangePassword: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || user.disabled) return null;
  await prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, role: user.role, mustChangePassword: user.mustChangePassword };
}

export async function resetUserPassword(id: string): Promise<{ email: string; password: string }> {
  const password = generateOneTimePassword();
  const user = await prisma.user.update({
    where: { id },
    data: { passwordHash: await hashPassword(password), mustChangePassword: true },
    select: { email: true },
  });
  return { email: user.email, password };
}

export async function changeOwnPassword({
  id,
  currentPassword,
  newPassword,
}: {
  id: string;
  currentPassword: string;
  newPassword: string;
}): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) return false;
  await prisma.user.update({
    where: { id },
    data: { passwordHash: await hashPassword(newPassword), mustChangePassword: false },
  });
  return true;
}

export function setUserDisabled({ id, disabled }: { id: string; disabled: boolean }) {
  return prisma.user.update({ where: { id }, data: { disabled }, select: { email: true } });
}

/** Saves a staff member's language and records the change in the audit log. */
export async function setUserLocale({
  user,
  locale,
  request,
}: {
  user: { id: string; email: string };
  locale: string;
  request: Request;
}) {
  await prisma.user.update({ where: { id: user.id }, data: { locale }, select: { id: true } });
  await recordAudit({
    actor: userActor(user),
    action: "user.locale_change",
    entityType: "user",
    entityId: user.id,
    request,
    details: { locale },
  });
}

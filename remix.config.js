/** Remix classic compiler (esbuild). See docs/decisions/001-remix-classic-compiler.md. */
// BUILD_DIR lets a test run build into its own folder, so parallel runs never
// replace each other's assets. Default: build/index.js and public/build/.
const buildDir = process.env.BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverBuildPath: buildDir ? `${buildDir}/index.js` : "build/index.js",
  assetsBuildDirectory: buildDir ? `${buildDir}/assets` : "public/build",
  publicPath: "/build/",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Bundle ESM-only packages into the server build so Node can load them.
  serverDependenciesToBundle: [/^remix-i18next/, /^@tanstack\//, /^recharts/, /^d3-/, /^internmap/],
  browserNodeBuiltinsPolyfill: { modules: {} },
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};

// The compiler version named in every generated header (kept equal to package.json by a test).
export const COMPILER_VERSION = "0.1.0";

export const TESTS: Record<string, (value: unknown, ...args: unknown[]) => boolean> = {};

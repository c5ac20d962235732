import preset from '../jest.preset.js';

/** Root-level lanes that test the packages as a user gets them (pack, install, run). */
export default { ...preset, rootDir: '.', testMatch: ['<rootDir>/package/**/*.test.ts'], testTimeout: 600_000 };

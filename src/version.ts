/**
 * The package's version, as a constant rather than read from package.json at start-up (one
 * file read and one builtin import fewer for every command). A test keeps it equal to
 * package.json's.
 */
export const VERSION = '0.1.0';

// How long a .ts/.js spec may take to load (its top-level await and default export), in seconds;
// its own file so the command line can show it without loading the spec loader.
export const DEFAULT_LOAD_TIMEOUT = 60;

/** The version Reelhouse reports in `--version`, `debug` and artifacts. */
export const REELHOUSE_VERSION = '0.1.0';

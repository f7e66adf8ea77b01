/** Builds dist/ (editor, server, workflow bundle) unless it is current; true when it built. See build.mjs. */
export function buildProduct(options?: { force?: boolean }): Promise<boolean>;

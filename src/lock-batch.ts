/** Most keys in one `lockMany` call; a larger dispatch is split into several calls. */
export const MAX_LOCK_BATCH = 1000;

/** The message format this version of omegats writes and reads. */
export const MESSAGE_VERSION = 1;

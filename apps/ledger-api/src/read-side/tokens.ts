export const READ_CONFIGURATION = Symbol('ReadConfiguration');
export const ACCESS_RECORDER = Symbol('AccessRecorder');

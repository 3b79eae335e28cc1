/** mkdir -p one level at a time (see make-dirs.mjs); `fail` makes the error thrown when a level cannot be made. */
export declare function makeDirs(dir: string, fail: (dir: string, e: Error) => Error): void;

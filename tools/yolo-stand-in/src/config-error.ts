// A configuration the stand-in refuses before running anything (the CLI prints it and exits 2).
// Its own module so both config.ts and knobs-file.ts can throw it without importing each other.

export class StandInConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StandInConfigError';
  }
}

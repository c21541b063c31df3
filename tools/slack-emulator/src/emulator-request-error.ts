// A refusal of the test API (or of the matching SlackEmulator method): bad input from the test or
// the console, with a message written for the person who sent it. Nothing has changed when it is thrown.

export class EmulatorRequestError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'EmulatorRequestError';
    this.status = status;
    this.code = code;
  }
}

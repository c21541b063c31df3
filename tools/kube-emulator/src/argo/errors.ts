/** Options the controller cannot start with; the message names the option and what is wrong. */
export class ArgoControllerOptionsError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ArgoControllerOptionsError';
  }
}

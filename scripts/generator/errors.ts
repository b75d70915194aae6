/**
 * Bad generator input (name, path, operations or field spec). The message is shown to the user as
 * is, so it says what was wrong and what is expected; nothing has been written when it is thrown.
 */
export class GeneratorInputError extends Error {
  override name = 'GeneratorInputError';
}

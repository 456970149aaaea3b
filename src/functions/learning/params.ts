import { z } from 'zod';
import { fromDatabaseError, parseInput } from '../../errors.js';
import { LEARNING_SQLSTATES } from '../../schema/learning/constants.js';

/** A uuid input, with a message that names what is wrong. */
export const uuidParam = z.uuid({ error: 'must be a uuid' });

/** Parses a helper's params (ValidationError naming the field on bad input). */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  return parseInput(schema, params, 'params');
}

/**
 * Runs `op` and turns an error the learning SQL raised (SQLSTATE class UL) into a ValidationError
 * with its code (LEARNING_SQLSTATES); any other error is rethrown unchanged.
 */
export async function mapLearningErrors<T>(op: () => Promise<T>, field = 'input'): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw fromDatabaseError(error, LEARNING_SQLSTATES, field);
  }
}

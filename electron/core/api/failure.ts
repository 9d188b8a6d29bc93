import type { DeskError, ErrorCode } from '../../../shared/api/result';

/** Thrown inside a handler to answer with a specific error value instead of `internal`. */
export class DeskFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: DeskError['details'],
  ) {
    super(message);
    this.name = 'DeskFailure';
  }
}

export const notFound = (entity: string, id: string) => new DeskFailure('not_found', `${entity} ${id} does not exist`, { field: 'id', entity });

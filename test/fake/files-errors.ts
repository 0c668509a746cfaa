// The error of the fake Files / Vector Stores server: an OpenAI error body with a status.
export class ApiError extends Error {
  constructor(
    readonly status: number, message: string, readonly param: string | null = null,
    readonly code: string | null = null, readonly type = 'invalid_request_error',
  ) { super(message); }
}

export const notFound = (kind: string, id: string): never => { throw new ApiError(404, `No ${kind} found with id '${id}'.`); };
export const bad = (message: string, param: string | null = null, code: string | null = null): never => { throw new ApiError(400, message, param, code); };

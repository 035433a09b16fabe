// Rejects after an await: import() of it rejects with this error.
await null;
throw new RangeError('from tla-throws');

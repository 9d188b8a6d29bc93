/**
 * A reader that stops early (`desk export ... | head`) closes the pipe: the command has done
 * what was asked, so it ends quietly with 0 instead of an EPIPE stack trace.
 */
export function endQuietlyWhenReaderCloses() {
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

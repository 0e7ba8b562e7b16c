// Sends m1, m2, ... to Carol, at most $STREAM_CHUNK (default 200) every 20 ms, never beyond the number in the file named by
// $STREAM_LIMIT_FILE (the crash torture raises it trial by trial, so the stream cannot run ahead of
// the kills). Each chunk's sends and the new count commit together, so a kill -9 at any instant
// neither loses nor repeats a message: the restart resumes at the committed count.
every(20, MILLISECONDS) {
    int limit
    try {
        limit = new File(System.getenv('STREAM_LIMIT_FILE')).text.trim() as int
    } catch (Exception e) {
        return // being replaced right now; next tick
    }
    int sent = (state.sent ?: 0) as int
    if (sent < limit) {
        int n = Math.min((System.getenv('STREAM_CHUNK') ?: '200') as int, limit - sent)
        for (int i = sent + 1; i <= sent + n; i++) {
            send 'Carol', "m$i"
        }
        state.sent = sent + n
    }
}

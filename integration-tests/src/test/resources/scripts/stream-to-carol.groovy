// Sends m1..mN to Carol in chunks (N = $STREAM_TOTAL, default 10000). Each chunk's sends and the new count commit together,
// so a kill -9 at any instant neither loses nor repeats a message: the restart resumes at the
// committed count.
every(20, MILLISECONDS) {
    int sent = (state.sent ?: 0) as int
    int total = (System.getenv('STREAM_TOTAL') ?: '10000') as int
    if (sent < total) {
        int n = Math.min(500, total - sent)
        for (int i = sent + 1; i <= sent + n; i++) {
            send 'Carol', "m$i"
        }
        state.sent = sent + n
    }
}

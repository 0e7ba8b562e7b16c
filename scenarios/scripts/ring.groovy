// scenarios/scripts/ring.groovy — one member of a ring of peers named P01, P02, ... Pnn.
// A message "token H/N" says the token has made H hops in a ring of N peers. Each member
// passes it to the next one (P07 to P08, Pnn back to P01) until it has made N hops: one lap.
on message { msg ->
    def (hops, size) = msg.text.minus('token ').split('/')*.toInteger()
    if (hops < size) {
        int next = (me.substring(1) as int) % size + 1
        send String.format('P%02d', next), "token ${hops + 1}/${size}"
    }
}

// A bot from scripts/ answers through a slow link.
//
// Echo runs the example bot scripts/echo.groovy. The link between Sam and Echo adds 150 ms
// each way, like a poor mobile connection. Sam asks ten questions in a row; every answer
// comes back, in order, and the latency figures show the slow link.
scenario('the echo bot answers ten questions through a link with 150 ms latency each way') {
    registry()
    def sam = peer('Sam')
    def echo = peer('Echo', script: 'scripts/echo.groovy')
    link(sam, echo).latency(150.ms)

    (1..10).each { sam.send('Echo', "question $it") }
    eventually(10.s) { sam.messages(from: 'Echo').size() == 10 }
    sam.messages(from: 'Echo') == (1..10).collect { "echo: question $it" as String }
    check.noLoss().noDuplicates().inOrder()
    check.latency(from: 'Sam').p50 >= 150.ms               // the link really is slow ...
    check.latency(from: 'Sam').p99 <= 5.s                  // ... but not stuck
}

// The long fault schedule, run only under -Ptorture (NemesisTortureTest): five peers, traffic
// between all of them for three minutes, every fault the nemesis knows. `--seed N` replays one.
scenario('five peers under three minutes of seeded faults') {
    registry()
    def ann = peer('Ann'); def bob = peer('Bob'); def cat = peer('Cat', process: true)
    def dan = peer('Dan'); def eve = peer('Eve', process: true)

    def names = ['Ann', 'Bob', 'Cat', 'Dan', 'Eve']
    names.eachWithIndex { from, i ->
        traffic(from: from, to: names[(i + 1) % names.size()], rate: 30, duration: 180.s)
    }
    nemesis(seed: 2024, duration: 180.s,
            faults: [crash, pause, partition, oneWay, latency, drop, reset, slicer],
            peers: names)
    check.within(60.s).noLoss()
}

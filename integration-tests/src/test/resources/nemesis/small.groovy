// A short seeded schedule over three peers, with traffic between them; the tests run it twice.
scenario('a short nemesis') {
    registry()
    def ann = peer('Ann'); def bob = peer('Bob'); def cat = peer('Cat')
    traffic(from: 'Ann', to: 'Bob', rate: 50, duration: 4.s)
    traffic(from: 'Bob', to: 'Cat', rate: 50, duration: 4.s)
    nemesis(seed: 7, duration: 4.s, faults: [crash, partition, oneWay, latency, drop, reset, slicer],
            peers: ['Ann', 'Bob', 'Cat'])
}

package p2pchat.discovery; public final class DiscoveryApplication { public static void main(String[] a) {} }

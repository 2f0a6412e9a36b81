package io.unstick.testsupport;

/**
 * A program that some tests run as a real peer, and the Debian package that installs it. {@code .ci/run}
 * installs every package named here (a test in this module checks that).
 */
public enum PeerTool {
    HAPROXY("haproxy", "haproxy"),
    NGINX("nginx", "nginx"),
    WRK("wrk", "wrk"),
    HEY("hey", "hey"),
    CHROMIUM("chromium", "chromium"),
    DOCKER_COMPOSE("docker-compose", "docker-compose"),
    REDIS_SERVER("redis-server", "redis-server"),
    IPTABLES("iptables", "iptables"),
    NFT("nft", "nftables"),
    /** {@code ip} (network namespaces, addresses) from iproute2. */
    IP("ip", "iproute2"),
    /** {@code ss} (socket statistics) from iproute2. */
    SS("ss", "iproute2"),
    /** Prometheus's {@code promtool}: checks and unit-tests the alert rules of ops/. */
    PROMTOOL("promtool", "prometheus");

    private final String command;
    private final String debianPackage;

    PeerTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    /** The executable's file name, e.g. {@code redis-server}. */
    public String command() {
        return command;
    }

    /** What {@code apt-get install} needs to bring the command. */
    public String debianPackage() {
        return debianPackage;
    }
}

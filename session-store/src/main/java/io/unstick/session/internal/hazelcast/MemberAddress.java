package io.unstick.session.internal.hazelcast;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The one address an embedded member binds and advertises: never every interface. Given explicitly
 * ({@code memberAddress}), else found in the join list as the entry on {@code memberPort} whose host is an address
 * of this machine, else (no join list: a one-member cluster) loopback.
 *
 * <pre>
 * members                                memberPort  memberAddress   binds
 * (empty)                                5701        (none)          127.0.0.1
 * 127.0.0.1:5701,127.0.0.1:5702          5702        (none)          127.0.0.1
 * 10.0.0.1:5701,10.0.0.2:5701 (on .2)    5701        (none)          10.0.0.2
 * shop1:5701,shop2:5701 (in shop2)       5701        (none)          shop2's address
 * 10.0.0.1:5701,10.0.0.2:5701 (on .9)    5701        (none)          refused: name this node in members
 * (any)                                  5701        10.0.0.9        10.0.0.9
 * </pre>
 */
public final class MemberAddress {

    static final String LOOPBACK = "127.0.0.1";

    private MemberAddress() {
    }

    /**
     * @param explicit {@code memberAddress}, or null to find it in {@code members}
     * @throws IllegalArgumentException naming the attribute when no address of this machine can be found
     */
    public static String resolve(String explicit, List<String> members, int memberPort) {
        if (explicit != null) {
            return ipOf(explicit, "memberAddress");
        }
        if (members.isEmpty()) {
            return LOOPBACK;
        }
        for (String member : members) {
            int colon = member.lastIndexOf(':');
            if (!member.substring(colon + 1).trim().equals(String.valueOf(memberPort))) {
                continue;
            }
            for (InetAddress address : addresses(member.substring(0, colon).trim())) {
                if (isOfThisMachine(address)) {
                    return address.getHostAddress();
                }
            }
        }
        throw new IllegalArgumentException("members (" + String.join(",", members) + ") lists no address of this"
                + " machine with memberPort " + memberPort + ": list this node in members, or set memberAddress"
                + " to the address its member binds and advertises");
    }

    /** True when {@code host} names loopback addresses only (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        InetAddress[] all = addresses(host);
        return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
    }

    private static String ipOf(String host, String attribute) {
        InetAddress[] all = addresses(host);
        if (all.length == 0) {
            throw new IllegalArgumentException(attribute + " '" + host + "' cannot be resolved");
        }
        InetAddress address = all[0];
        if (address.isAnyLocalAddress()) {
            throw new IllegalArgumentException(attribute + " must be one address of this machine, not the"
                    + " wildcard '" + host + "' (a member never listens on every interface unless a hazelcastConfig"
                    + " file asks for it)");
        }
        if (!isOfThisMachine(address)) {
            throw new IllegalArgumentException(attribute + " '" + host + "' is not an address of this machine");
        }
        return address.getHostAddress();
    }

    /** IPv4 first: Hazelcast's interface matching and most join lists use IPv4. */
    private static InetAddress[] addresses(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            Arrays.sort(all, Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1));
            return all;
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    private static boolean isOfThisMachine(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}

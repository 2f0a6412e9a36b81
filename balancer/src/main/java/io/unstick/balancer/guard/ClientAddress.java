package io.unstick.balancer.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The key a client is limited by: its IPv4 address, or the /64 network of its IPv6 address (one subscriber
 * usually holds a whole /64, so counting single IPv6 addresses would limit nothing).
 *
 * <pre>
 * 203.0.113.7                  203.0.113.7
 * 2001:db8:1:2:a:b:c:d         2001:db8:1:2::/64
 * X-Forwarded-For: 6.6.6.6, 203.0.113.7   203.0.113.7 (the entry the trusted proxy added)
 * </pre>
 */
final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {
    }

    static String key(InetAddress address) {
        if (address instanceof Inet6Address v6 && !v6.isLoopbackAddress()) {
            byte[] b = v6.getAddress();
            return String.format("%x:%x:%x:%x::/64", (b[0] & 0xff) << 8 | b[1] & 0xff, (b[2] & 0xff) << 8 | b[3] & 0xff,
                    (b[4] & 0xff) << 8 | b[5] & 0xff, (b[6] & 0xff) << 8 | b[7] & 0xff);
        }
        return address.getHostAddress();
    }

    /**
     * The key of the last entry of an {@code X-Forwarded-For} value (the address the trusted proxy in front saw;
     * entries before it are the client's own claims), or null if it is not an IP address literal.
     */
    static String fromForwardedFor(String header) {
        int comma = header.lastIndexOf(',');
        String last = (comma < 0 ? header : header.substring(comma + 1)).trim();
        if (last.startsWith("[") && last.endsWith("]")) {
            last = last.substring(1, last.length() - 1);
        }
        if (IPV4.matcher(last).matches()) {
            for (String part : last.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
            return last;
        }
        if (last.indexOf(':') >= 0 && IPV6_CHARS.matcher(last).matches()) {
            try {
                return key(InetAddress.getByName(last)); // a literal with ':' never goes to DNS
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}

package io.tollgate.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** An IPv4 or IPv6 address range in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}), or one address. */
record IpRange(byte[] network, int prefixLength) {

	// Only literals reach InetAddress, so that nothing here ever resolves a host name.
	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	/** The range, or {@code null} when {@code cidr} is not one. */
	static @Nullable IpRange parse(String cidr) {
		int slash = cidr.indexOf('/');
		String address = (slash < 0) ? cidr.trim() : cidr.substring(0, slash).trim();
		byte[] bytes = literal(address);
		if (bytes == null) {
			return null;
		}
		int length = bytes.length * 8;
		if (slash >= 0) {
			try {
				length = Integer.parseInt(cidr.substring(slash + 1).trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
			if (length < 0 || length > bytes.length * 8) {
				return null;
			}
		}
		return new IpRange(bytes, length);
	}

	/** Whether {@code address} (an IP literal) lies in the range; IPv4-mapped IPv6 addresses count as IPv4. */
	boolean contains(String address) {
		byte[] bytes = literal(address);
		if (bytes == null || bytes.length != this.network.length) {
			return false;
		}
		int full = this.prefixLength / 8;
		for (int i = 0; i < full; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (bytes[full] & mask) == (this.network[full] & mask);
	}

	static byte @Nullable [] literal(String address) {
		String value = address.trim();
		if (value.startsWith("[") && value.endsWith("]")) {
			value = value.substring(1, value.length() - 1);
		}
		int zone = value.indexOf('%');
		if (zone >= 0) {
			value = value.substring(0, zone);
		}
		if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
			return null;
		}
		try {
			return InetAddress.getByName(value).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}

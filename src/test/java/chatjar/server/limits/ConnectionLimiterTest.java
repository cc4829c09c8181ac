package chatjar.server.limits;

import chatjar.server.ServerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static chatjar.server.limits.ConnectionLimiter.Verdict.OK;
import static chatjar.server.limits.ConnectionLimiter.Verdict.SERVER_FULL;
import static chatjar.server.limits.ConnectionLimiter.Verdict.THROTTLED;
import static chatjar.server.limits.ConnectionLimiter.Verdict.TOO_MANY_FROM_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admission rules as a table: CIDR grouping, exemptions, the throttle's refill and the table's cleanup. */
class ConnectionLimiterTest {
    private static ConnectionLimiter limiter(int perIp, int perMinute, String... exempt) {
        return new ConnectionLimiter(ServerConfig.Limits.defaults().toBuilder().maxPerIp(perIp)
                .connectsPerIpPerMinute(perMinute).exempt(List.of(exempt)).build());
    }

    @Test
    void ipv4IsGroupedPerAddressAndIpv6PerSlash64() {
        ConnectionLimiter l = limiter(1, 0);
        assertThat(l.admit("192.0.2.1", 0).verdict()).isEqualTo(OK);
        assertThat(l.admit("192.0.2.1", 0).verdict()).isEqualTo(TOO_MANY_FROM_HOST);
        assertThat(l.admit("192.0.2.2", 0).verdict()).isEqualTo(OK);
        assertThat(l.admit("2001:db8:1:2::1", 0).verdict()).isEqualTo(OK);
        assertThat(l.admit("2001:db8:1:2:ffff::9", 0).verdict()).isEqualTo(TOO_MANY_FROM_HOST);
        assertThat(l.admit("2001:db8:1:3::1", 0).verdict()).isEqualTo(OK);
    }

    @Test
    void releaseFreesTheSlotAndSweepForgetsIdleNetworks() {
        ConnectionLimiter l = limiter(1, 0);
        ConnectionLimiter.Admission a = l.admit("192.0.2.1", 0);
        l.release(a);
        assertThat(l.total()).isZero();
        assertThat(l.admit("192.0.2.1", 0).verdict()).isEqualTo(OK);
        l.release(l.admit("198.51.100.7", 0));
        l.sweep(0);
        assertThat(l.trackedNetworks()).isEqualTo(1);
    }

    @Test
    void exemptNetworksSkipPerIpRulesButCountInTheTotal() {
        ConnectionLimiter l = new ConnectionLimiter(ServerConfig.Limits.defaults().toBuilder().maxPerIp(1)
                .maxClients(3).build());
        assertThat(l.admit("127.0.0.1", 0).verdict()).isEqualTo(OK);
        assertThat(l.admit("127.0.0.2", 0).verdict()).isEqualTo(OK);
        assertThat(l.admit("::1", 0).verdict()).isEqualTo(OK);
        assertThat(l.admit("::1", 0).verdict()).isEqualTo(SERVER_FULL);
        assertThat(l.trackedNetworks()).isZero();
    }

    @Test
    void throttleAllowsTheRateThenRefills() {
        ConnectionLimiter l = limiter(100, 2);
        assertThat(l.admit("203.0.113.5", 0).verdict()).isEqualTo(OK);
        assertThat(l.admit("203.0.113.5", 1).verdict()).isEqualTo(OK);
        assertThat(l.admit("203.0.113.5", 2).verdict()).isEqualTo(THROTTLED);
        assertThat(l.admit("203.0.113.5", 29_999).verdict()).isEqualTo(THROTTLED);
        assertThat(l.admit("203.0.113.5", 30_001).verdict()).isEqualTo(OK);
    }

    @Test
    void refusalsAreReportedAsOneLineAMinute() {
        ConnectionLimiter l = limiter(1, 0);
        assertThat(l.takeReport(0)).isNull();
        l.admit("192.0.2.1", 0);
        for (int i = 0; i < 3; i++) l.admit("192.0.2.1", 0);
        assertThat(l.takeReport(1)).isEqualTo("refused connections in the last minute: 3 too_many_from_host");
        l.admit("192.0.2.1", 2);
        assertThat(l.takeReport(30_000)).isNull();
        assertThat(l.takeReport(60_001)).isEqualTo("refused connections in the last minute: 1 too_many_from_host");
        assertThat(l.takeReport(200_000)).isNull();
    }

    @Test
    void cidrParsingAcceptsOnlyLiterals() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("::1").prefix()).isEqualTo(128);
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.literal("10.200.0.1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.literal("11.0.0.1"))).isFalse();
        assertThat(Cidr.literal("localhost")).isNull();
        assertThat(Cidr.literal("1.2.3")).isNull();
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0-32");
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Madoguchi.Server.Infrastructure;

/// <summary>Why an outbound URL is refused, in Japanese and English; never carries the URL itself.</summary>
public sealed record OutboundRefusal(string Code, string Ja, string En)
{
    public string Both => $"{Ja} / {En}";

    public static readonly OutboundRefusal Invalid = new("invalidUrl", "URL が正しくありません。", "The URL is not valid.");
    public static readonly OutboundRefusal Scheme = new("scheme", "http または https の URL にしてください。", "The URL must use http or https.");
    public static readonly OutboundRefusal HttpsRequired = new("httpsRequired", "https の URL にしてください（http は運用者が許可した送信先だけです）。", "The URL must use https (http only for targets the operator allows).");
    public static readonly OutboundRefusal UserInfo = new("userInfo", "URL に利用者名やパスワードを含めないでください。", "The URL must not contain a user name or password.");
    public static readonly OutboundRefusal Internal = new("internalAddress", "送信先が内部のアドレス（ループバック・プライベート・リンクローカル・マルチキャスト・メタデータ等）のため使えません。", "The target resolves to an internal address (loopback, private, link-local, multicast, metadata and the like).");
    public static readonly OutboundRefusal NotFound = new("hostNotFound", "送信先のホスト名を解決できません。", "The target host name cannot be resolved.");
}

/// <summary>The resolver the guard asks; tests replace it with a stub to play DNS answers (rebinding) without traffic.</summary>
public class HostResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>
/// The operator's exceptions for intranet targets: host names (exact, case-insensitive), IP addresses and CIDR
/// ranges (<c>10.20.0.0/16</c>). An allowed host may resolve anywhere; an allowed range admits its addresses.
/// Allowed targets may also use plain http.
/// </summary>
public sealed class OutboundAllowlist
{
    public static readonly OutboundAllowlist Empty = new([]);

    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _networks = [];

    public OutboundAllowlist(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var raw in entries)
        {
            var entry = raw?.Trim() ?? "";
            if (entry.Length == 0)
            {
                continue;
            }

            if (entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var network))
            {
                _networks.Add(network);
            }
            else
            {
                _hosts.Add(entry.Trim('[', ']'));
            }
        }
    }

    public bool AllowsHost(string host) => _hosts.Contains(host.Trim('[', ']'));

    public bool AllowsAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return !IsMetadata(plain) && _networks.Any(n => n.Contains(plain) || n.Contains(address));
    }

    /// <summary>Cloud metadata endpoints stay refused whatever range is allowed (only a host name allowlisted as such passes).</summary>
    public static bool IsMetadata(IPAddress address) =>
        address.Equals(MetadataV4) || address.Equals(MetadataV6);

    private static readonly IPAddress MetadataV4 = IPAddress.Parse("169.254.169.254");
    private static readonly IPAddress MetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>Whether a URL's host is exempt as such (by name, or as an address literal inside an allowed range).</summary>
    public bool AllowsTarget(string host) =>
        AllowsHost(host) || (IPAddress.TryParse(host.Trim('[', ']'), out var literal) && AllowsAddress(literal));
}

/// <summary>
/// The SSRF guard for every request Madoguchi makes to an address an administrator typed (department webhooks,
/// Standard Webhooks subscriptions). Checked at save (<see cref="CheckAsync"/>: scheme, literal and resolved
/// addresses) and again at connect time (<see cref="CreateHandler"/>: the address actually connected to, after
/// the DNS answer of that moment, so a rebinding answer cannot swap in an internal host). Redirects are never
/// followed by the handler.
/// </summary>
public sealed class OutboundGuard(HostResolver resolver)
{
    /// <summary>Checks a URL without any lookup: absolute http(s), no user info, https unless allowed, no internal literal.</summary>
    public static OutboundRefusal? CheckUrl(Uri? target, OutboundAllowlist allowlist, bool allowHttp)
    {
        ArgumentNullException.ThrowIfNull(allowlist);
        if (target is null || !target.IsAbsoluteUri || string.IsNullOrEmpty(target.Host))
        {
            return OutboundRefusal.Invalid;
        }

        if (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp)
        {
            return OutboundRefusal.Scheme;
        }

        if (!string.IsNullOrEmpty(target.UserInfo))
        {
            return OutboundRefusal.UserInfo;
        }

        var allowed = allowlist.AllowsTarget(target.Host);
        if (target.Scheme == Uri.UriSchemeHttp && !allowHttp && !allowed)
        {
            return OutboundRefusal.HttpsRequired;
        }

        if (!allowed && IPAddress.TryParse(target.Host.Trim('[', ']'), out var literal) && IsInternal(literal))
        {
            return OutboundRefusal.Internal;
        }

        return null;
    }

    /// <summary>
    /// <see cref="CheckUrl"/> and then the host's DNS answer: refused when it does not resolve or when any address it
    /// resolves to is internal (at save the strict reading; at send only public addresses are connected to).
    /// </summary>
    public async Task<OutboundRefusal?> CheckAsync(Uri? target, OutboundAllowlist allowlist, bool allowHttp, CancellationToken ct)
    {
        if (CheckUrl(target, allowlist, allowHttp) is { } refusal)
        {
            return refusal;
        }

        var host = target!.Host.Trim('[', ']');
        if (allowlist.AllowsHost(host) || IPAddress.TryParse(host, out _))
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, ct);
        }
        catch (SocketException)
        {
            return OutboundRefusal.NotFound;
        }

        if (addresses.Length == 0)
        {
            return OutboundRefusal.NotFound;
        }

        return addresses.Any(a => IsInternal(a) && !allowlist.AllowsAddress(a)) ? OutboundRefusal.Internal : null;
    }

    /// <summary>
    /// A handler that resolves each connection's host itself and connects only to addresses that are public or
    /// allowlisted; no proxy, no automatic redirects. <paramref name="allowlist"/> is read per connection.
    /// </summary>
    public SocketsHttpHandler CreateHandler(Func<OutboundAllowlist> allowlist, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(allowlist);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, ct) =>
            {
                var host = context.DnsEndPoint.Host.Trim('[', ']');
                var list = allowlist();
                var hostAllowed = list.AllowsHost(host);
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
                var usable = addresses.Where(a => hostAllowed || list.AllowsAddress(a) || !IsInternal(a)).ToArray();
                if (usable.Length == 0)
                {
                    throw new InternalAddressException();
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>Whether a failed request was stopped by the connect-time check.</summary>
    public static bool IsRefusal(HttpRequestException ex) => ex?.InnerException is InternalAddressException;

    /// <summary>
    /// Loopback, "this network" 0/8, private (RFC 1918, ULA fc00::/7), shared/CGNAT 100.64/10, link-local (169.254/16
    /// with the 169.254.169.254 metadata address, fe80::/10), IETF 192.0.0/24, benchmarking 198.18/15, multicast,
    /// reserved 240/4 and broadcast, unspecified, deprecated site-local fec0::/10, and IPv6 forms that carry an
    /// IPv4 address (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) judged by that
    /// address.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } embedded)
        {
            return IsInternal(embedded);
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && b[1] is 18 or 19);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true; // nothing else is a web address
        }

        var v6 = address.GetAddressBytes();
        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC; // fc00::/7 unique local, fd00:ec2::254 included
    }

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (b.Take(12).All(x => x == 0) && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
        {
            return new IPAddress(b.AsSpan(12, 4)); // IPv4-compatible ::a.b.c.d (not :: and ::1)
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0))
        {
            return new IPAddress(b.AsSpan(12, 4)); // NAT64 64:ff9b::/96
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4)); // 6to4 2002:aabb:ccdd::/48
        }

        return null;
    }

    /// <summary>A short, address-free description of a failed request, for delivery logs.</summary>
    public static string Describe(HttpRequestException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return IsRefusal(ex) ? OutboundRefusal.Internal.En : "HTTP: " + ex.HttpRequestError.ToString();
    }

    public static string Describe(int status) => "HTTP " + status.ToString(CultureInfo.InvariantCulture);

    private sealed class InternalAddressException : IOException
    {
        public InternalAddressException()
            : base("The target resolves only to internal addresses.")
        {
        }
    }
}

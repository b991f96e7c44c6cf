using System.Net;
using System.Net.Sockets;

namespace FeatureAspire.ServiceDefaults;

/// <summary>
/// The address that stands for a client's host when counting what it does (wrong passwords, failed keys): every
/// service keys its per-address limits the same way, so no service's limit is easier to slip past than another's.
/// </summary>
public static class ClientAddress
{
    /// <summary>IPv4 as itself (also when mapped into IPv6); IPv6 by its /64, which one host usually owns whole and could otherwise rotate through.</summary>
    public static IPAddress Normalize(IPAddress address) => address switch
    {
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4(),
        { AddressFamily: AddressFamily.InterNetworkV6 } => new IPAddress([.. address.GetAddressBytes()[..8], .. new byte[8]]),
        _ => address,
    };
}

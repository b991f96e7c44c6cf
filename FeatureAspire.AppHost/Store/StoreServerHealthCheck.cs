using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeatureAspire.AppHost.Store;

/// <summary>
/// Healthy once the server answers AUTH and PING over RESP: a listening socket alone does not prove the store works.
/// </summary>
internal sealed class StoreServerHealthCheck(StoreServerResource store) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var password = await store.PasswordParameter.GetValueAsync(timeout.Token) ?? "";
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", store.PrimaryEndpoint.Port, timeout.Token);
            var stream = client.GetStream();

            await stream.WriteAsync(Encoding.UTF8.GetBytes(RespCommand("AUTH", password) + RespCommand("PING")), timeout.Token);

            var replies = new StringBuilder();
            var buffer = new byte[256];
            while (!replies.ToString().Contains("+PONG", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return HealthCheckResult.Unhealthy($"The store closed the connection after: {replies}");
                }
                replies.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (replies.ToString().StartsWith('-'))
                {
                    return HealthCheckResult.Unhealthy($"The store refused AUTH: {replies.ToString().Trim()}");
                }
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer PING yet.", ex);
        }
    }

    private static string RespCommand(params string[] parts)
    {
        var command = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            command.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
        return command.ToString();
    }
}

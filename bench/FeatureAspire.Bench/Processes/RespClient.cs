using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FeatureAspire.Bench.Processes;

/// <summary>Just enough RESP for the runner's housekeeping (AUTH, PING, FLUSHALL, INFO) on redis-server and Garnet.</summary>
internal sealed class RespClient : IDisposable
{
    private readonly TcpClient client;
    private readonly NetworkStream stream;
    private readonly StreamReader reader;

    private RespClient(TcpClient client)
    {
        this.client = client;
        stream = client.GetStream();
        reader = new StreamReader(stream, Encoding.UTF8);
    }

    public static async Task<RespClient> ConnectAsync(int port, string password, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var resp = new RespClient(client);
        await resp.CommandAsync(cancellationToken, "AUTH", password);
        return resp;
    }

    /// <summary>Sends a command and returns a simple or bulk string reply (or the integer as text); errors throw.</summary>
    public async Task<string?> CommandAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var request = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);

        var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("The store closed the connection.");
        switch (line[0])
        {
            case '+':
            case ':':
                return line[1..];
            case '-':
                throw new InvalidOperationException($"Store error: {line[1..]}");
            case '$':
                var length = int.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }
                var buffer = new char[length];
                var read = 0;
                // Bulk replies here are ASCII, so characters and bytes coincide.
                while (read < length)
                {
                    read += await reader.ReadAsync(buffer.AsMemory(read, length - read), cancellationToken);
                }
                await reader.ReadLineAsync(cancellationToken);
                return new string(buffer);
            default:
                throw new InvalidOperationException($"Unexpected RESP reply '{line}'.");
        }
    }

    /// <summary>INFO &lt;section&gt; as key → value.</summary>
    public async Task<Dictionary<string, string>> InfoAsync(string section, CancellationToken cancellationToken)
    {
        var text = await CommandAsync(cancellationToken, "INFO", section) ?? "";
        return text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#') && l.Contains(':'))
            .Select(l => l.Split(':', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);
    }

    public void Dispose()
    {
        reader.Dispose();
        client.Dispose();
    }
}

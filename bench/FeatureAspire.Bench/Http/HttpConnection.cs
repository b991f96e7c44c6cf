using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FeatureAspire.Bench.Http;

/// <summary>What the load generator keeps of one response.</summary>
internal readonly record struct HttpResponse(int Status, int BodyBytes, bool Degraded);

/// <summary>
/// A minimal keep-alive HTTP/1.1 client over one socket: requests are prebuilt bytes, responses are framed by
/// Content-Length or chunked encoding and otherwise only scanned. HttpClient would spend several times the CPU per
/// request, and on two cores every microsecond the generator spends is taken from the API under test.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();
    private static readonly byte[] Chunked = "chunked"u8.ToArray();
    private static readonly byte[] DegradedTrue = "\"degraded\":true"u8.ToArray();

    private readonly Socket socket;
    private readonly StringBuilder chunks = new();
    private byte[] buffer = new byte[16 * 1024];
    private int filled;
    private bool capture;
    private string lastBody = "";
    private string lastHeaders = "";

    private HttpConnection(Socket socket) => this.socket = socket;

    public static async Task<HttpConnection> OpenAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint, cancellationToken);
        return new HttpConnection(socket);
    }

    /// <summary>Sends a whole request; on loopback this completes without blocking for any request we build.</summary>
    public void Send(ReadOnlySpan<byte> request)
    {
        while (!request.IsEmpty)
        {
            request = request[socket.Send(request)..];
        }
    }

    public async ValueTask<HttpResponse> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryParse(out var response, out var consumed))
            {
                filled -= consumed;
                if (filled > 0)
                {
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled);
                }
                return response;
            }
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }
            filled += read;
        }
    }

    /// <summary>Sends a request and waits for its response: for the few calls outside the measured loops.</summary>
    public async Task<(HttpResponse Response, string Body)> ExchangeAsync(byte[] request, CancellationToken cancellationToken)
    {
        Send(request);
        var response = await ReceiveAsync(cancellationToken);
        return (response, lastBody);
    }

    private bool TryParse(out HttpResponse response, out int consumed)
    {
        response = default;
        consumed = 0;
        var data = buffer.AsSpan(0, filled);
        var headerLength = data.IndexOf(HeaderEnd);
        if (headerLength < 0)
        {
            return false;
        }
        var headers = data[..headerLength];
        var status = (headers[9] - '0') * 100 + (headers[10] - '0') * 10 + (headers[11] - '0');
        if (capture)
        {
            lastHeaders = Encoding.ASCII.GetString(headers);
        }
        var bodyStart = headerLength + 4;

        var lengthText = FindHeaderValue(headers, ContentLength);
        if (!lengthText.IsEmpty && Utf8Parser.TryParse(lengthText, out int length, out _))
        {
            if (filled < bodyStart + length)
            {
                return false;
            }
            var body = data.Slice(bodyStart, length);
            response = new HttpResponse(status, length, body.IndexOf(DegradedTrue) >= 0);
            consumed = bodyStart + length;
            CaptureBody(body);
            return true;
        }
        if (headers.IndexOf(Chunked) < 0)
        {
            // No framing: a response without a body (204, or a 202 with Content-Length 0 is handled above).
            response = new HttpResponse(status, 0, false);
            consumed = bodyStart;
            return true;
        }

        var position = bodyStart;
        var bodyBytes = 0;
        chunks.Clear(); // a partial response is parsed again from the start when more bytes arrive
        var degraded = false;
        while (true)
        {
            var lineEnd = data[position..].IndexOf(Crlf);
            if (lineEnd < 0)
            {
                return false;
            }
            var size = ParseHex(data.Slice(position, lineEnd));
            position += lineEnd + 2;
            if (size == 0)
            {
                if (filled < position + 2)
                {
                    return false;
                }
                consumed = position + 2;
                break;
            }
            if (filled < position + size + 2)
            {
                return false;
            }
            var chunk = data.Slice(position, size);
            degraded |= chunk.IndexOf(DegradedTrue) >= 0;
            if (capture)
            {
                chunks.Append(Encoding.UTF8.GetString(chunk));
            }
            bodyBytes += size;
            position += size + 2;
        }
        response = new HttpResponse(status, bodyBytes, degraded);
        if (capture)
        {
            lastBody = chunks.ToString();
            chunks.Clear();
        }
        return true;
    }

    /// <summary>A header of the last response received, in capture mode (for example the version an extract was served from).</summary>
    public string? LastHeader(string name) =>
        lastHeaders.Split("\r\n").FirstOrDefault(line => line.Length > name.Length && line[name.Length] == ':' && line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            ?[(name.Length + 1)..].Trim();

    /// <summary>Keeps response bodies and headers as text (for the few calls whose answer the runner reads).</summary>
    public HttpConnection CaptureBodies()
    {
        capture = true;
        return this;
    }

    private void CaptureBody(ReadOnlySpan<byte> body)
    {
        if (capture)
        {
            lastBody = Encoding.UTF8.GetString(body);
        }
    }

    private static ReadOnlySpan<byte> FindHeaderValue(ReadOnlySpan<byte> headers, ReadOnlySpan<byte> lowerName)
    {
        var start = 0;
        while (start < headers.Length)
        {
            var end = headers[start..].IndexOf(Crlf);
            var line = end < 0 ? headers[start..] : headers.Slice(start, end);
            if (line.Length > lowerName.Length && Ascii.EqualsIgnoreCase(line[..lowerName.Length], lowerName))
            {
                return line[lowerName.Length..].Trim((byte)' ');
            }
            if (end < 0)
            {
                break;
            }
            start += end + 2;
        }
        return default;
    }

    private static int ParseHex(ReadOnlySpan<byte> text)
    {
        var value = 0;
        foreach (var c in text)
        {
            var digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                break; // chunk extensions
            }
            value = value * 16 + digit;
        }
        return value;
    }

    public void Dispose() => socket.Dispose();
}

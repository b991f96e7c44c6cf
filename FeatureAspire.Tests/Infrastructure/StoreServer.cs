using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FeatureAspire.AppHost.Store;
using Garnet;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>A real RESP server for integration tests: redis-server as a child process, or Garnet embedded in the test process.</summary>
public abstract class StoreServer : IAsyncDisposable
{
    protected StoreServer(string kind, int port, string password)
    {
        Kind = kind;
        Port = port;
        Password = password;
    }

    public string Kind { get; }
    public int Port { get; }
    public string Password { get; }
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    /// <summary>Why a store of this kind cannot run here (the reason a test reports as skipped), or null.</summary>
    public static string? Unavailable(string kind) =>
        kind == "redis" && StoreModes.FindOnPath(StoreModes.RedisServerExecutable) is null
            ? "redis-server is not on PATH (apt-get install redis-server); .ci/run installs it."
            : null;

    public static StoreServer Start(string kind) => kind switch
    {
        "redis" => RedisServerProcess.Start(),
        "garnet" => EmbeddedGarnet.Start(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A direct connection, for arranging and inspecting data behind the API's back.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync() =>
        await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");

    public abstract ValueTask DisposeAsync();

    protected static string NewPassword() => Guid.NewGuid().ToString("N");

    protected static void WaitUntilListening(int port, Func<bool> alive)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (!alive())
            {
                throw new InvalidOperationException($"The store on port {port} exited while starting.");
            }
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
        throw new TimeoutException($"The store did not listen on port {port} within 15 s.");
    }
}

/// <summary>redis-server from PATH on a free loopback port, no persistence, password required.</summary>
public sealed class RedisServerProcess : StoreServer
{
    private readonly Process process;

    private RedisServerProcess(Process process, int port, string password) : base("redis", port, password) => this.process = process;

    public static RedisServerProcess Start() => StartOn(FeatureApiCalls.FreeLoopbackPort(), NewPassword());

    /// <summary>Starts on a given port, for example to bring a stopped server back where its clients expect it.</summary>
    public static RedisServerProcess StartOn(int port, string password)
    {
        var path = StoreModes.FindOnPath(StoreModes.RedisServerExecutable)
            ?? throw new InvalidOperationException("redis-server is not on PATH.");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", password })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilListening(port, () => !process.HasExited);
        return new RedisServerProcess(process, port, password);
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing answers, like a stalled store.</summary>
    public void Freeze() => Signal("STOP");

    public void Thaw() => Signal("CONT");

    private void Signal(string signal) =>
        Process.Start("kill", $"-{signal} {process.Id}")!.WaitForExit();

    public override async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Thaw();
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}

/// <summary>Microsoft Garnet in the test process, with Lua on, as the AppHost runs it.</summary>
public sealed class EmbeddedGarnet : StoreServer
{
    private readonly GarnetServer server;

    private EmbeddedGarnet(GarnetServer server, int port, string password) : base("garnet", port, password) => this.server = server;

    public static EmbeddedGarnet Start()
    {
        var port = FeatureApiCalls.FreeLoopbackPort();
        var password = NewPassword();
        var server = new GarnetServer(["--port", port.ToString(), "--bind", "127.0.0.1", "--lua", "--auth", "Password", "--password", password]);
        server.Start();
        WaitUntilListening(port, () => true);
        return new EmbeddedGarnet(server, port, password);
    }

    public override ValueTask DisposeAsync()
    {
        server.Dispose();
        return ValueTask.CompletedTask;
    }
}

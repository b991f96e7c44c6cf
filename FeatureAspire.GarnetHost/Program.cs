using Garnet;

// The embedded store for machines without redis-server or a container engine: Microsoft Garnet speaks RESP,
// so FeatureApi cannot tell it from Redis. Arguments are Garnet's own (--port, --bind, --lua, ...); the password
// comes from the environment so it never shows in a process listing or the dashboard.
var garnetArgs = new List<string>(args);
if (Environment.GetEnvironmentVariable("GARNET_PASSWORD") is { Length: > 0 } password)
{
    garnetArgs.AddRange(["--auth", "Password", "--password", password]);
}

using var stopping = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };

using var server = new GarnetServer([.. garnetArgs]);
server.Start();
Console.WriteLine($"Garnet is listening ({string.Join(' ', args)}).");

try
{
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Garnet is stopping.");
}

using Garnet;

// The embedded store for machines without redis-server or a container engine: Microsoft Garnet speaks RESP,
// so FeatureApi cannot tell it from Redis. Arguments are Garnet's own (--port, --bind, --lua, --auth Acl,
// --acl-file ...), written by FeatureAspire.Store.Hosting; the users and passwords are in the owner-only ACL file,
// so no secret shows in a process listing or the dashboard.
using var stopping = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };

using var server = new GarnetServer(args);
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

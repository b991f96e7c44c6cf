using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;

namespace FeatureAspire.Tests.Cli;

/// <summary>
/// A test console whose person, asked a question, first lets <paramref name="meanwhile"/> happen and then answers: what
/// another team member applying while this one reads the plan looks like.
/// </summary>
internal sealed class InterruptedConsole(TestConsole inner, Func<Task> meanwhile) : IAnsiConsole
{
    private readonly InterruptedInput input = new(inner.Input, meanwhile);

    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor => inner.Cursor;

    public IAnsiConsoleInput Input => input;

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void Write(IRenderable renderable) => inner.Write(renderable);

    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);

    private sealed class InterruptedInput(IAnsiConsoleInput typed, Func<Task> meanwhile) : IAnsiConsoleInput
    {
        private int interrupted;

        public bool IsKeyAvailable() => typed.IsKeyAvailable();

        public ConsoleKeyInfo? ReadKey(bool intercept)
        {
            if (Interlocked.Exchange(ref interrupted, 1) == 0)
            {
                meanwhile().GetAwaiter().GetResult();
            }
            return typed.ReadKey(intercept);
        }

        public async Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref interrupted, 1) == 0)
            {
                await meanwhile();
            }
            return await typed.ReadKeyAsync(intercept, cancellationToken);
        }
    }
}

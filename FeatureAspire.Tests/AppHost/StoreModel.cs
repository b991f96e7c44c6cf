using System.Runtime.Versioning;
using FeatureAspire.Store.Hosting;

namespace FeatureAspire.Tests.AppHost;

/// <summary>
/// The AppHost's store wiring, built but not started, and what a start would hand its processes: for the tests of
/// each store mode's model.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class StoreModel
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="args">The store mode (<c>Store:Mode</c>'s value), then any further AppHost arguments.</param>
    public static Task<IDistributedApplicationTestingBuilder> BuildAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.FeatureAspire_AppHost>([$"--Store:Mode={args[0]}", .. args[1..]]).WaitAsync(Timeout);

    /// <summary>The <c>redis</c> resource of the model for a store mode.</summary>
    public static async Task<IResource> StoreResourceForModeAsync(params string[] args)
    {
        await using var builder = await BuildAsync(args);
        return builder.Resources.Single(r => r.Name == "redis");
    }

    /// <summary>Runs the argument callbacks as a start would: for a store, this writes its configuration with the parameters' values.</summary>
    public static async Task<List<string>> ArgumentsOfAsync(IResource resource)
    {
        var values = new List<object>();
        var context = new CommandLineArgsCallbackContext(values, resource);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context).WaitAsync(Timeout);
        }
        return values.Select(value => Assert.IsType<string>(value)).ToList();
    }

    /// <summary>Runs the environment callbacks as a start would; values stay unresolved (parameters, expressions).</summary>
    public static async Task<Dictionary<string, object>> EnvironmentOfAsync(IDistributedApplicationTestingBuilder builder, IResourceWithEnvironment resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, resource, variables);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context).WaitAsync(Timeout);
        }
        return variables;
    }

    /// <summary>The file is in the given private directory, and only its owner may read it or enter the directory.</summary>
    public static void AssertOwnerOnly(string directory, string file)
    {
        Assert.Equal(directory, Path.GetDirectoryName(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }

    /// <summary>
    /// redis-server's configuration: an owner-only file in the private directory, listening where it should, writing
    /// nothing to disk, refusing writes past its memory bound and letting FeatureApi's user touch only its keys.
    /// </summary>
    /// <returns>The file's lines.</returns>
    public static string[] AssertRedisConfig(string directory, string configFile, int? port, string bind, string maxMemory)
    {
        AssertOwnerOnly(directory, configFile);
        var config = File.ReadAllLines(configFile);
        Assert.Contains($"port {port}", config);
        Assert.Contains($"bind {bind}", config);
        Assert.Contains("save \"\"", config);
        Assert.Contains("appendonly no", config);
        Assert.Contains($"maxmemory {maxMemory}", config);
        Assert.Contains("maxmemory-policy noeviction", config);
        Assert.Contains(config, line => line.StartsWith($"user {StoreAccess.ApiUser} on >", StringComparison.Ordinal) && line.Contains(" ~fs:* ", StringComparison.Ordinal));
        return config;
    }

    /// <summary>A variable's value as text: a literal, or the expression a start resolves (<c>{redis-password.value}</c>...).</summary>
    public static string TextOf(object value) => value switch
    {
        string text => text,
        IManifestExpressionProvider expression => expression.ValueExpression,
        _ => value.ToString() ?? "",
    };

    /// <summary>No text (an argument, a variable) holds any of the passwords, neither as its value nor as a reference a start would resolve.</summary>
    public static async Task AssertNoPasswordInAsync(IEnumerable<string> texts, params ParameterResource[] passwords)
    {
        foreach (var password in passwords)
        {
            var value = await password.GetValueAsync(CancellationToken.None);
            Assert.False(string.IsNullOrEmpty(value));
            Assert.DoesNotContain(texts, text => text.Contains(value, StringComparison.Ordinal) || text.Contains(password.ValueExpression, StringComparison.Ordinal));
        }
    }
}

using System.Text.RegularExpressions;
using FeatureAspire.Tests.Infrastructure;
using Google.Protobuf.Reflection;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>
/// The schema's rules from protos/README.md, checked on the descriptors compiled from protos/: no field, enum value or
/// RPC of <c>schema.lock</c> changes or disappears unless reserved (buf's breaking-change rules), and buf's naming rules
/// (enum zero values, prefixes, cases, the package and its folder) hold.
/// </summary>
public sealed partial class ProtoSchemaTests
{
    private static readonly FileDescriptorProto[] Files =
        [.. new[] { Rpc.FeaturesReflection.Descriptor, Rpc.FeatureServiceReflection.Descriptor }.Select(file => FileDescriptorProto.Parser.ParseFrom(file.SerializedData))];

    private static readonly string LockPath = Path.Combine(RepositoryRoot.Path, "protos", "featureaspire", "v1", "schema.lock");

    [Fact]
    public void EveryLockedFieldEnumValueAndRpcIsStillThereUnchangedOrReserved()
    {
        var current = Contract().ToHashSet(StringComparer.Ordinal);
        var locked = File.ReadAllLines(LockPath).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

        var broken = locked.Where(line => !line.StartsWith("reserved ", StringComparison.Ordinal) && !current.Contains(line)).ToList();
        Assert.True(broken.Count == 0, "Changed or removed without being reserved (see protos/README.md):\n" + string.Join('\n', broken));
        foreach (var line in locked.Where(line => line.StartsWith("reserved ", StringComparison.Ordinal)))
        {
            // "reserved featureaspire.v1.Message 6 old_name"
            var parts = line.Split(' ');
            var message = Files.SelectMany(f => f.MessageType.Select(m => (Name: $"{f.Package}.{m.Name}", Message: m))).Single(m => m.Name == parts[1]).Message;
            var number = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(message.ReservedRange.Any(r => r.Start <= number && number < r.End), $"{parts[1]} does not reserve {number}.");
            Assert.Contains(parts[3], message.ReservedName);
        }
        var unrecorded = current.Except(locked, StringComparer.Ordinal).ToList();
        Assert.True(unrecorded.Count == 0, $"Add these lines to {LockPath} in the same change:\n" + string.Join('\n', unrecorded));
    }

    [Fact]
    public void TheSchemaFollowsBufsNamingRules()
    {
        foreach (var file in Files)
        {
            Assert.Equal("featureaspire.v1", file.Package);
            Assert.StartsWith("featureaspire/v1/", file.Name, StringComparison.Ordinal);
            Assert.Matches(LowerSnake(), Path.GetFileNameWithoutExtension(file.Name));
            Assert.Equal("FeatureAspire.Serving.V1", file.Options.CsharpNamespace);
            Assert.Equal("proto3", file.Syntax);
            foreach (var message in file.MessageType)
            {
                Assert.Matches(Pascal(), message.Name);
                Assert.All(message.Field, field => Assert.Matches(LowerSnake(), field.Name));
                Assert.All(message.OneofDecl, oneof => Assert.Matches(LowerSnake(), oneof.Name));
            }
            foreach (var type in file.EnumType)
            {
                Assert.Matches(Pascal(), type.Name);
                var prefix = UpperSnake(type.Name) + "_";
                Assert.Equal((prefix + "UNSPECIFIED", 0), (type.Value[0].Name, type.Value[0].Number));
                Assert.All(type.Value, value => Assert.StartsWith(prefix, value.Name, StringComparison.Ordinal));
                Assert.All(type.Value, value => Assert.Matches("^[A-Z][A-Z0-9_]*$", value.Name));
            }
            foreach (var service in file.Service)
            {
                Assert.EndsWith("Service", service.Name, StringComparison.Ordinal);
                Assert.All(service.Method, method => Assert.Matches(Pascal(), method.Name));
            }
        }
    }

    /// <summary>One line per field, enum value and RPC, with what a deployed caller depends on: number, type, label.</summary>
    private static IEnumerable<string> Contract()
    {
        foreach (var file in Files)
        {
            foreach (var message in file.MessageType)
            {
                foreach (var field in message.Field)
                {
                    var oneof = field.HasOneofIndex ? $" oneof {message.OneofDecl[field.OneofIndex].Name}" : "";
                    yield return $"{file.Package}.{message.Name}.{field.Name} = {field.Number} {TypeOf(message, field)}{oneof}";
                }
            }
            foreach (var type in file.EnumType)
            {
                foreach (var value in type.Value)
                {
                    yield return $"{file.Package}.{type.Name}.{value.Name} = {value.Number}";
                }
            }
            foreach (var service in file.Service)
            {
                foreach (var method in service.Method)
                {
                    yield return $"{file.Package}.{service.Name}.{method.Name}({(method.ClientStreaming ? "stream " : "")}{method.InputType}) " +
                        $"returns ({(method.ServerStreaming ? "stream " : "")}{method.OutputType})";
                }
            }
        }
    }

    private static string TypeOf(DescriptorProto message, FieldDescriptorProto field)
    {
        var entry = field.Type == FieldDescriptorProto.Types.Type.Message
            ? message.NestedType.FirstOrDefault(nested => nested.Options?.MapEntry == true && field.TypeName.EndsWith("." + nested.Name, StringComparison.Ordinal))
            : null;
        if (entry is not null)
        {
            return $"map<{ScalarOrName(entry.Field[0])}, {ScalarOrName(entry.Field[1])}>";
        }
        return (field.Label == FieldDescriptorProto.Types.Label.Repeated ? "repeated " : "") + ScalarOrName(field);
    }

    private static string ScalarOrName(FieldDescriptorProto field) =>
        field.Type is FieldDescriptorProto.Types.Type.Message or FieldDescriptorProto.Types.Type.Enum ? field.TypeName : field.Type.ToString().ToLowerInvariant();

    private static string UpperSnake(string pascal) => Regex.Replace(pascal, "(?<=[a-z0-9])([A-Z])", "_$1").ToUpperInvariant();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex LowerSnake();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex Pascal();
}

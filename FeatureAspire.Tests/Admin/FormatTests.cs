using FeatureAdmin.Components.Shared;

namespace FeatureAspire.Tests.Admin;

public sealed class FormatTests
{
    [Theory]
    [InlineData("user", "users")]
    [InlineData("item", "items")]
    [InlineData("category", "categories")]
    [InlineData("day", "days")]
    [InlineData("address", "addresses")]
    [InlineData("box", "boxes")]
    [InlineData("match", "matches")]
    public void AnEntityIsNamedInThePluralAsAPersonWouldWriteIt(string noun, string plural) => Assert.Equal(plural, Format.Plural(noun));

    [Fact]
    public void AHeadingStartsWithACapital() => Assert.Equal("Merchants", Format.PluralTitle("merchant"));
}

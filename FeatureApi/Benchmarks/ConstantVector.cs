using System.Text;

namespace FeatureApi.Benchmarks;

/// <summary>A one-user extract answer with the default feature set, as the real endpoint writes it.</summary>
internal static class ConstantVector
{
    public static readonly byte[] Bytes = Encoding.UTF8.GetBytes(
        """
        {"userId":101,"features":{"f_normalized_value":1.2,"f_recency_score":0.07407407407407407,"f_age_value_ratio":4200},"status":{"f_normalized_value":"present","f_recency_score":"present","f_age_value_ratio":"present"},"degraded":false}
        """);
}

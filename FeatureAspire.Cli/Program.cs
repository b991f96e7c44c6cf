using FeatureAspire.Cli;

return await FeatureAspireCommand.RunAsync(args, Terminal.ForProcess());

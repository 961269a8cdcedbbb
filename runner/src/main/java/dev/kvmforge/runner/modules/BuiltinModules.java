package dev.kvmforge.runner.modules;

import java.util.List;

/** The list of modules that come with kvmforge. */
final class BuiltinModules {

    private BuiltinModules() {
    }

    static List<Module<?>> all() {
        return List.of(
                new CommandModule(),
                new ShellModule(),
                new RawModule(),
                new ScriptModule(),
                new DebugModule(),
                new SetFactModule(),
                new AddHostModule(),
                new GroupByModule(),
                new PauseModule(),
                new WaitForModule(),
                new WaitForConnectionModule(),
                new RebootModule(),
                new IncludeVarsModule(),
                new SetupModule(),
                new PingModule(),
                new SystemdModule(),
                new SlurpModule(),
                new ModprobeModule(),
                new SysctlModule(),
                new AssertModule(),
                new FailModule(),
                new CopyModule(),
                new GetUrlModule(),
                new UnarchiveModule(),
                new TemplateModule(),
                new FileModule(),
                new LineinfileModule(),
                new ReplaceModule(),
                new BlockinfileModule(),
                new StatModule(),
                new GetentModule(),
                new ServiceFactsModule(),
                new PackageFactsModule(),
                new TempfileModule(),
                new UserModule(),
                new GroupModule(),
                new KvmCapableModule(),
                new PackageModule(),
                new AptRepositoryModule(),
                new QemuImageModule(),
                new QemuVmModule(),
                new ServiceModule(),
                new LibvirtDomainModule(),
                new LibvirtNetworkModule(),
                new VirtModule(),
                new VirtNetModule(),
                new VirtPoolModule(),
                new VirtVolumeModule());
    }
}

package dev.kvmforge.runner.libvirt;

import java.util.List;

/**
 * The libvirt a dry run expects on a host where an earlier task would install or start it: no domains and no
 * networks yet. It only answers questions; asked to change anything it refuses, since check mode changes nothing.
 */
final class LibvirtNotYet implements Libvirt {

    private final String uri;

    LibvirtNotYet(String uri) {
        this.uri = uri;
    }

    @Override
    public String adapter() {
        return "none yet";
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String version() {
        return "";
    }

    @Override
    public String capabilities() {
        return "";
    }

    @Override
    public List<LibvirtDomain> domains() {
        return List.of();
    }

    @Override
    public String domainXml(String name) {
        throw refuse();
    }

    @Override
    public void defineDomain(String xml) {
        throw refuse();
    }

    @Override
    public void start(String name) {
        throw refuse();
    }

    @Override
    public void shutdown(String name) {
        throw refuse();
    }

    @Override
    public void destroy(String name) {
        throw refuse();
    }

    @Override
    public void suspend(String name) {
        throw refuse();
    }

    @Override
    public void resume(String name) {
        throw refuse();
    }

    @Override
    public String liveDomainXml(String name) {
        throw refuse();
    }

    @Override
    public void undefineDomain(String name, java.util.Set<DomainMetadata> alsoRemove) {
        throw refuse();
    }

    @Override
    public boolean deleteVolume(String path) {
        throw refuse();
    }

    @Override
    public void setAutostart(String name, boolean autostart) {
        throw refuse();
    }

    @Override
    public List<LibvirtNetwork> networks() {
        return List.of();
    }

    @Override
    public String networkXml(String name) {
        throw refuse();
    }

    @Override
    public void defineNetwork(String xml) {
        throw refuse();
    }

    @Override
    public void startNetwork(String name) {
        throw refuse();
    }

    @Override
    public void stopNetwork(String name) {
        throw refuse();
    }

    @Override
    public void setNetworkAutostart(String name, boolean autostart) {
        throw refuse();
    }

    @Override
    public void undefineNetwork(String name) {
        throw refuse();
    }

    @Override
    public List<LibvirtPool> pools() {
        return List.of();
    }

    @Override
    public DomainInfo domainInfo(String name) {
        throw refuse();
    }

    @Override
    public NodeInfo nodeInfo() {
        throw refuse();
    }

    @Override
    public long freeMemory() {
        throw refuse();
    }

    @Override
    public String hypervisor() {
        throw refuse();
    }

    @Override
    public String poolXml(String name) {
        throw refuse();
    }

    @Override
    public void definePool(String xml) {
        throw refuse();
    }

    @Override
    public void buildPool(String name, PoolBuild mode) {
        throw refuse();
    }

    @Override
    public void startPool(String name) {
        throw refuse();
    }

    @Override
    public void stopPool(String name) {
        throw refuse();
    }

    @Override
    public void deletePool(String name) {
        throw refuse();
    }

    @Override
    public void undefinePool(String name) {
        throw refuse();
    }

    @Override
    public void setPoolAutostart(String name, boolean autostart) {
        throw refuse();
    }

    @Override
    public void refreshPool(String name) {
        throw refuse();
    }

    @Override
    public List<String> volumes(String pool) {
        throw refuse();
    }

    @Override
    public String volumeXml(String pool, String volume) {
        throw refuse();
    }

    @Override
    public void createVolume(String pool, String xml, String cloneOf) {
        throw refuse();
    }

    @Override
    public void deleteVolume(String pool, String volume) {
        throw refuse();
    }

    @Override
    public void wipeVolume(String pool, String volume) {
        throw refuse();
    }

    @Override
    public void resizeVolume(String pool, String volume, long bytes) {
        throw refuse();
    }

    @Override
    public void close() {
        // nothing was opened
    }

    private static IllegalStateException refuse() {
        return new IllegalStateException("libvirt is not there yet: a dry run only plans against it");
    }
}

package io.unstick.lab.compare;

import io.unstick.lab.stack.Catalog;
import io.unstick.lab.compare.faults.BalancerAdmin;
import io.unstick.lab.compare.faults.Fault;
import io.unstick.lab.compare.faults.FaultContext;
import io.unstick.lab.compare.faults.FaultKind;
import io.unstick.lab.compare.faults.Faults;
import io.unstick.lab.compare.faults.NodeHealthReader;
import io.unstick.lab.compare.load.CpuMonitor;
import io.unstick.lab.compare.load.LoadRun;
import io.unstick.lab.compare.load.Observations;
import io.unstick.lab.compare.load.Sampler;
import io.unstick.lab.compare.load.ShopperLog;
import io.unstick.lab.compare.load.ShopperProfile;
import io.unstick.lab.compare.report.FaultEvent;
import io.unstick.lab.compare.report.RunResult;
import io.unstick.lab.stack.Artifacts;
import io.unstick.lab.stack.LocalStack;
import io.unstick.lab.stack.ManagedProcess;
import io.unstick.lab.stack.StackSpec;
import io.unstick.lab.stack.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One mode, start to finish: start its stack, warm up with the shoppers, measure, inject the fault in the
 * middle, stop the shoppers and the stack, and return what was measured.
 */
final class ModeRun {

    private static final Logger log = LoggerFactory.getLogger(ModeRun.class);

    private final CompareSpec spec;
    private final Artifacts artifacts;
    private final Faults faults;
    private final CpuMonitor cpu;
    private final Progress progress;
    private final AtomicReference<LocalStack> current;
    private final AtomicReference<Fault> currentFault;

    /** @param current and currentFault hold the running stack and its fault, so Ctrl-C can undo and stop them */
    ModeRun(CompareSpec spec, Artifacts artifacts, Faults faults, CpuMonitor cpu, Progress progress,
            AtomicReference<LocalStack> current, AtomicReference<Fault> currentFault) {
        this.spec = spec;
        this.artifacts = artifacts;
        this.faults = faults;
        this.cpu = cpu;
        this.progress = progress;
        this.current = current;
        this.currentFault = currentFault;
    }

    /** The fault is made before the stack starts (a partition starts its victim in a cgroup) and closed after it. */
    RunResult run(Variant mode) throws InterruptedException {
        progress.phase("starting " + spec.nodes() + " node(s) and the balancer");
        StackSpec stackSpec = spec.stack(mode);
        try (Fault fault = faults.forRun(stackSpec, spec.victim())) {
            currentFault.set(fault);
            try (LocalStack stack = LocalStack.start(stackSpec, artifacts, spec.startTimeout(), fault::launch)) {
                current.set(stack);
                BalancerAdmin balancer = new BalancerAdmin(spec.adminPort());
                URI shop = URI.create("http://127.0.0.1:" + spec.port() + "/");
                Observations observations = new Observations();
                List<ShopperProfile> profiles = ShopperProfile.population(spec.shoppers(), spec.skew(), spec.think(), spec.seed());
                HttpClient catalogClient = HttpClient.newBuilder().connectTimeout(spec.requestTimeout()).build();
                List<String> products = Catalog.productIds(catalogClient, shop, spec.requestTimeout());
                try (ShopperLog shopperLog = ShopperLog.to(stackSpec.runDir().resolve("shoppers.log"));
                     LoadRun load = LoadRun.start(shop, profiles, products, spec.requestTimeout(), observations, shopperLog)) {
                    progress.phase("warming up for " + spec.warmup().toSeconds() + " s with " + spec.shoppers() + " shoppers");
                    Thread.sleep(spec.warmup().toMillis());
                    return measure(mode, stack, fault, balancer, observations, load);
                }
            }
        } finally {
            current.set(null);
            currentFault.set(null);
            progress.end();
        }
    }

    private RunResult measure(Variant mode, LocalStack stack, Fault fault, BalancerAdmin balancer,
                              Observations observations, LoadRun load) throws InterruptedException {
        long resetsBefore = balancer.sessionResets();
        observations.startMeasuring();
        Sampler sampler = Sampler.start(observations, cpu);
        List<FaultEvent> events = new CopyOnWriteArrayList<>();
        FaultContext context = new FaultContext(stack, balancer, mode, spec.victim(), spec.drainTimeout(),
                spec.startTimeout(), what -> {
                    events.add(new FaultEvent(Math.round(sampler.elapsedSeconds() * 10) / 10.0, what));
                    log.debug("{}: {}", mode.label(), what);
                });
        double total = spec.duration().toMillis() / 1000.0;
        double faultAt = spec.fault() == FaultKind.NONE ? Double.NaN : total / 2;
        AtomicReference<Throwable> faultError = new AtomicReference<>();
        AtomicReference<Double> faultEnd = new AtomicReference<>();
        Thread faultThread = null;
        long faultStartNanos = 0;
        Map<String, Long> byNodeBeforeFault = null;
        double tail = Math.max(3, total / 10);
        double end = total;

        while (true) {
            if (faultThread == null && sampler.elapsedSeconds() >= faultAt) {
                faultStartNanos = System.nanoTime();
                byNodeBeforeFault = observations.counts().byNode();
                faultThread = new Thread(() -> {
                    inject(fault, context, faultError);
                    faultEnd.set(Math.round(sampler.elapsedSeconds() * 10) / 10.0);
                }, "fault");
                faultThread.start();
            }
            boolean faultRunning = faultThread != null && faultThread.isAlive();
            if (faultThread != null && !faultRunning) {
                // A long fault (a rolling restart) keeps the run going until a little after its last action.
                end = Math.max(end, lastEventAt(events) + tail);
            }
            if (!faultRunning && sampler.elapsedSeconds() >= end) {
                break;
            }
            String note = events.isEmpty() ? "" : events.get(events.size() - 1).what();
            progress.update(sampler.elapsedSeconds(), end, observations.counts(), note);
            Thread.sleep(200);
        }
        // Shoppers stop before the balancer's counter is read, so both count the same requests.
        load.close();
        observations.stopMeasuring();
        sampler.close();
        progress.update(sampler.elapsedSeconds(), end, observations.counts(), "done");
        long balancerResets = balancer.sessionResets() - resetsBefore;
        double duration = Math.round(sampler.elapsedSeconds() * 10) / 10.0;
        Double recovery = null;
        if (faultThread != null) {
            long last = observations.lastTroubleNanos();
            recovery = last > faultStartNanos ? Math.round((last - faultStartNanos) / 1e8) / 10.0 : 0.0;
        }
        Throwable failed = faultError.get();
        return RunResults.of(mode, spec, observations.counts(), sampler, stack.spec().nodes(), duration,
                recovery, Double.isNaN(faultAt) ? null : faultAt, faultEnd.get(), new ArrayList<>(events),
                failed == null ? null : String.valueOf(failed.getMessage()), storeTimeoutMs(mode, stack), balancerResets,
                byNodeBeforeFault != null ? byNodeBeforeFault : observations.counts().byNode());
    }

    /** Runs the fault; a fault that fails is written into the run's events and result, never dropped. */
    private static void inject(Fault fault, FaultContext context, AtomicReference<Throwable> error) {
        try {
            fault.inject(context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error.set(e);
        } catch (RuntimeException e) {
            log.error("the fault failed: {}", e.getMessage(), e);
            context.events().accept("the fault failed: " + e.getMessage());
            error.set(e);
        }
    }

    /** The store's timeout as the first node still running reports it; null without a store or an answer. */
    private static Long storeTimeoutMs(Variant mode, LocalStack stack) {
        if (mode.store() != Variant.Store.HAZELCAST) {
            return null;
        }
        NodeHealthReader health = new NodeHealthReader();
        return stack.nodes().stream().filter(ManagedProcess::isAlive)
                .map(node -> health.read(node.managementPort()).storeTimeoutMs())
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static double lastEventAt(List<FaultEvent> events) {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).atS();
    }

}

# Rendered by kthw for [=host.name] (containerd [=versions.containerd]). Do not edit: re-run kthw render.
[#if gates.containerdConfigVersion == 3]
# containerd 2.x: config version 3
version = 3

[plugins.'io.containerd.cri.v1.images']
  snapshotter = 'overlayfs'

  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = 'registry.k8s.io/pause:[=versions.pause]'

[plugins.'io.containerd.cri.v1.runtime']
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = 'runc'

    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = 'io.containerd.runc.v2'

      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = '[=paths.bin]/runc'
        # must match the kubelet's cgroupDriver ([=gates.cgroupDriver])
        SystemdCgroup = [=gates.systemdCgroup?c]

  [plugins.'io.containerd.cri.v1.runtime'.cni]
[#if gates.containerdCniBinDirs]
    bin_dirs = ['[=paths.cniBinDir]']
[#else]
    bin_dir = '[=paths.cniBinDir]'
[/#if]
    conf_dir = '[=paths.cniConfDir]'
[#else]
# containerd 1.x: config version 2
version = 2

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:[=versions.pause]"

  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
[#if gates.containerdRuntimeV1]

    # the seed's runtime: io.containerd.runtime.v1.linux (deprecated in containerd 1.x, removed in 2.0),
    # cgroupfs like the kubelet's cgroupDriver ([=gates.cgroupDriver])
    [plugins."io.containerd.grpc.v1.cri".containerd.default_runtime]
      runtime_type = "io.containerd.runtime.v1.linux"
      runtime_engine = "[=paths.bin]/runc"
      runtime_root = ""
[#else]
    default_runtime_name = "runc"

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "[=paths.bin]/runc"
        # must match the kubelet's cgroupDriver ([=gates.cgroupDriver])
        SystemdCgroup = [=gates.systemdCgroup?c]
[/#if]

  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "[=paths.cniBinDir]"
    conf_dir = "[=paths.cniConfDir]"
[/#if]

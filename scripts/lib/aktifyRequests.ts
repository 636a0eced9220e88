// The Aktify request builders live with the simulator CLI that ships in the package; tests and
// scripts import them from here as before.
export * from '../../cli/lib/aktifyRequests';

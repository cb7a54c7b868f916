/** The kind of a notebook in `om.jobs` (omega|ml's name): the only kind a job runs. */
export const NOTEBOOK_KIND = 'script.ipynb';

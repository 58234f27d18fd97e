import '@/components/theme.css';
import '@/components/panel.css';
import '@/components/import/import.css';
import '@/components/options/options.css';
import { render } from 'preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import { browserOptionsApi } from '@/lib/options/api';
import { followTheme } from '@/lib/options/theme';

followTheme(document.documentElement, new AbortController().signal);
render(<OptionsApp api={browserOptionsApi()} />, document.getElementById('app')!);
